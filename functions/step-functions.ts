/**
 * Imported by the handlers whose functions start or resume workflows (the
 * routes that say `starts` or `redeemsTaskTokens`, the workflow tasks handed
 * a task token, the job starting reconciliations, the pages): it gives
 * deps() the Step Functions engine. Every other function's bundle carries no
 * Step Functions client and loads none at a cold start; CDK grants those
 * functions no state machine either (tests/cdk/bundles.test.ts checks that
 * the two agree).
 */
import { StepFunctionsEngine } from '#shared/workflow/step-functions-engine';
import { useWorkflowEngine } from './deps.ts';

useWorkflowEngine(() => new StepFunctionsEngine());
