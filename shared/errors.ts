/**
 * Typed errors thrown by the domain and the store. They are mapped to HTTP in
 * one place (functions/middleware.ts) and to Step Functions error names by
 * their `name`, so a workflow can Catch them.
 */

export interface FieldProblem {
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly details: unknown[];

  constructor(message: string, details: unknown[] = []) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** 400: the request does not have the shape the contract says. */
export class ValidationError extends DomainError {
  readonly status = 400;
  readonly code = 'VALIDATION_FAILED';
  constructor(
    readonly problems: FieldProblem[],
    message = `Invalid input: ${problems.map((p) => `${p.path || '(body)'}: ${p.message}`).join('; ')}`,
  ) {
    super(message, problems);
  }
}

/** 415: a body in a media type the route does not take (JSON, and CSV where the route says so). */
export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
}

/** 401: no token, or one we cannot trust. */
export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  readonly code = 'UNAUTHENTICATED';
}

/** 403: a real caller, but not of a role (or council) allowed to do this. */
export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly code = 'FORBIDDEN';
}

/** 404: the agency, council, year or record does not exist. */
export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly code = 'NOT_FOUND';
}

/** 428: a change to a shared record must say which version it changes (If-Match). */
export class PreconditionRequiredError extends DomainError {
  readonly status = 428;
  readonly code = 'IF_MATCH_REQUIRED';
}

/** 409: a stale version, a duplicate, or a decision already taken. */
export class ConflictError extends DomainError {
  readonly status = 409;
  readonly code: string;
  constructor(message: string, code = 'CONFLICT', details: unknown[] = []) {
    super(message, details);
    this.code = code;
  }
}

/** 422: well-formed, but a rule of the funding protocol refuses it. */
export class RuleViolation extends DomainError {
  readonly status = 422;
  readonly code: string;
  constructor(code: string, message: string, details: unknown[] = []) {
    super(message, details);
    this.code = code;
  }
}
