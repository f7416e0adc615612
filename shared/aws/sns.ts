/**
 * Amazon SNS, the operations the notification functions send, over the
 * query protocol (aws-query-client.ts): commands named and shaped as the
 * AWS SDK's client-sns names them, so a function reads as any SNS code
 * reads. Each command flattens its input into the parameters the SDK's
 * serializer sends, in the same order (a map as `Name.entry.N.key` /
 * `.value`, or the names the API gives it, as MessageAttributes'
 * `entry.N.Name` / `.Value.DataType` / `.Value.StringValue`), and reads the
 * elements of the reply the SNS API reference documents.
 * tests/unit/sns.test.ts holds both against the SDK's own serializer and
 * parser.
 */
import type { AwsEndpointOptions, CallOptions } from './aws-endpoint.ts';
import { AwsQueryClient, type QueryParameters } from './aws-query-client.ts';
import { childNamed, childrenNamed, textOf, type XmlElement } from './xml-reply.ts';

export interface MessageAttributeValue {
  /** `String`, `Number` or `String.Array`: the value goes as a string whatever its type (no binary attributes here). */
  DataType: string;
  StringValue: string;
}

export interface PublishInput {
  TopicArn: string;
  Message: string;
  /** At most 100 ASCII characters (shared/notices/sns-message.ts). */
  Subject?: string | undefined;
  MessageAttributes?: Record<string, MessageAttributeValue> | undefined;
}

export interface Subscription {
  SubscriptionArn?: string;
  Owner?: string;
  Protocol?: string;
  Endpoint?: string;
  TopicArn?: string;
}

/** An SNS operation: `parameters` flattens its input, `output` reads its reply's `<ActionResult>`. */
export abstract class SnsCommand<Input, Output> {
  abstract readonly action: string;
  constructor(readonly input: Input) {}
  abstract parameters(): QueryParameters;
  abstract output(result: XmlElement): Output;
}

/** Present members only, as the SDK gives them. */
function present<T extends Record<string, string | undefined>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** A map of strings as the query protocol flattens one: `Name.entry.N.key`, `Name.entry.N.value`, counted from 1. */
function flattenMap(name: string, map: Record<string, string> | undefined): QueryParameters {
  return Object.fromEntries(Object.entries(map ?? {}).flatMap(([key, value], i) => [[`${name}.entry.${i + 1}.key`, key], [`${name}.entry.${i + 1}.value`, value]]));
}

/** `<Attributes><entry><key/><value/></entry>...</Attributes>` as an object. */
function readMap(element: XmlElement | undefined): Record<string, string> | undefined {
  if (!element) return undefined;
  return Object.fromEntries(childrenNamed(element, 'entry').map((entry) => [textOf(entry, 'key') ?? '', textOf(entry, 'value') ?? '']));
}

export class PublishCommand extends SnsCommand<PublishInput, { MessageId?: string }> {
  readonly action = 'Publish';
  parameters() {
    const { Message, TopicArn, Subject, MessageAttributes } = this.input;
    const attributes = Object.entries(MessageAttributes ?? {}).flatMap(([name, value], i) => [
      [`MessageAttributes.entry.${i + 1}.Name`, name],
      [`MessageAttributes.entry.${i + 1}.Value.DataType`, value.DataType],
      [`MessageAttributes.entry.${i + 1}.Value.StringValue`, value.StringValue],
    ]);
    return { Message, TopicArn, Subject, ...Object.fromEntries(attributes) };
  }
  output(result: XmlElement) {
    return present({ MessageId: textOf(result, 'MessageId') });
  }
}

export class ListSubscriptionsByTopicCommand extends SnsCommand<{ TopicArn: string; NextToken?: string | undefined }, { Subscriptions?: Subscription[]; NextToken?: string }> {
  readonly action = 'ListSubscriptionsByTopic';
  parameters() {
    return { TopicArn: this.input.TopicArn, NextToken: this.input.NextToken };
  }
  output(result: XmlElement) {
    const list = childNamed(result, 'Subscriptions');
    const Subscriptions = list
      ? childrenNamed(list, 'member').map((member): Subscription =>
          present({ SubscriptionArn: textOf(member, 'SubscriptionArn'), Owner: textOf(member, 'Owner'), Protocol: textOf(member, 'Protocol'), Endpoint: textOf(member, 'Endpoint'), TopicArn: textOf(member, 'TopicArn') }),
        )
      : undefined;
    return { ...(Subscriptions ? { Subscriptions } : {}), ...present({ NextToken: textOf(result, 'NextToken') }) };
  }
}

export class SubscribeCommand extends SnsCommand<{ TopicArn: string; Protocol: string; Endpoint: string; Attributes?: Record<string, string> | undefined }, { SubscriptionArn?: string }> {
  readonly action = 'Subscribe';
  parameters() {
    const { TopicArn, Protocol, Endpoint, Attributes } = this.input;
    return { TopicArn, Protocol, Endpoint, ...flattenMap('Attributes', Attributes) };
  }
  output(result: XmlElement) {
    return present({ SubscriptionArn: textOf(result, 'SubscriptionArn') });
  }
}

export class GetSubscriptionAttributesCommand extends SnsCommand<{ SubscriptionArn: string }, { Attributes?: Record<string, string> }> {
  readonly action = 'GetSubscriptionAttributes';
  parameters() {
    return { SubscriptionArn: this.input.SubscriptionArn };
  }
  output(result: XmlElement) {
    const Attributes = readMap(childNamed(result, 'Attributes'));
    return Attributes ? { Attributes } : {};
  }
}

export class SetSubscriptionAttributesCommand extends SnsCommand<{ SubscriptionArn: string; AttributeName: string; AttributeValue?: string | undefined }, Record<string, never>> {
  readonly action = 'SetSubscriptionAttributes';
  parameters() {
    const { SubscriptionArn, AttributeName, AttributeValue } = this.input;
    return { SubscriptionArn, AttributeName, AttributeValue };
  }
  output() {
    return {};
  }
}

export class UnsubscribeCommand extends SnsCommand<{ SubscriptionArn: string }, Record<string, never>> {
  readonly action = 'Unsubscribe';
  parameters() {
    return { SubscriptionArn: this.input.SubscriptionArn };
  }
  output() {
    return {};
  }
}

export class SnsClient {
  readonly client: AwsQueryClient;

  /** `endpoint` otherwise the region's; in tests, `SNS_ENDPOINT` (read by the functions) names a server answering as SNS. */
  constructor(options: Omit<AwsEndpointOptions, 'service'> = {}) {
    this.client = new AwsQueryClient({ ...options, service: 'sns', version: '2010-03-31' });
  }

  async send<Output>(command: SnsCommand<unknown, Output>, options?: CallOptions): Promise<Output> {
    return command.output(await this.client.call(command.action, command.parameters(), options));
  }

  destroy(): void {
    this.client.destroy();
  }
}
