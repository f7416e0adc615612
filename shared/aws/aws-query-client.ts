/**
 * A client of the AWS query protocol (SNS): the action and its parameters
 * as a form-encoded POST (`Action=Publish&Version=2010-03-31&...`), its XML
 * reply's `<ActionResult>` element, or the error the reply names
 * (`<ErrorResponse><Error><Type/><Code/><Message/></Error></ErrorResponse>`)
 * as an `AwsServiceError`; sent and retried by aws-endpoint.ts.
 *
 * Why not the AWS SDK: the notification functions loaded it for SNS alone,
 * and it was most of their cold start (README, *Benchmarks*).
 */
import { AwsEndpoint, AwsServiceError, type AwsEndpointOptions, type CallOptions, type Reply } from './aws-endpoint.ts';
import { childNamed, parseXml, textOf, type XmlElement } from './xml-reply.ts';

export interface AwsQueryClientOptions extends AwsEndpointOptions {
  /** The API's version, e.g. SNS's `2010-03-31`. */
  version: string;
}

/** The action's parameters, flattened (`MessageAttributes.entry.1.Name`), in the order they are sent; an undefined one is left out. */
export type QueryParameters = Record<string, string | undefined>;

/** encodeURIComponent, and `!'()*` as well, as the SDK encodes a query body. */
const encode = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The form body of an action. */
export function queryBody(action: string, version: string, parameters: QueryParameters): string {
  let body = `Action=${encode(action)}&Version=${encode(version)}`;
  for (const [name, value] of Object.entries(parameters)) if (value !== undefined) body += `&${encode(name)}=${encode(value)}`;
  return body;
}

/** The reply's `<ActionResult>` (an empty one when the action returns nothing), or the error it names. */
export function readQueryReply(action: string, { status, text }: Pick<Reply, 'status' | 'text'>): XmlElement {
  let document: XmlElement | undefined;
  try {
    document = text.trim() ? parseXml(text) : undefined;
  } catch (error) {
    throw new AwsServiceError('UnreadableReply', `${action} answered ${status} with a body that is not XML (${String(error)})`, status, {});
  }
  if (status >= 200 && status < 300) return childNamed(document, `${action}Result`) ?? { name: `${action}Result`, children: [], text: '' };
  const error = childNamed(document, 'Error');
  const fields = { Type: textOf(error, 'Type'), Code: textOf(error, 'Code'), Message: textOf(error, 'Message'), RequestId: textOf(document, 'RequestId') };
  // As the SDK reads it: a 404 without a code is NotFound.
  const code = fields.Code ?? (status === 404 ? 'NotFound' : 'UnknownError');
  throw new AwsServiceError(code, fields.Message ?? `${action} failed with ${status}`, status, fields);
}

export class AwsQueryClient {
  private readonly endpoint: AwsEndpoint;

  constructor(private readonly options: AwsQueryClientOptions) {
    this.endpoint = new AwsEndpoint(options);
  }

  async call(action: string, parameters: QueryParameters, options: CallOptions = {}): Promise<XmlElement> {
    const body = queryBody(action, this.options.version, parameters);
    return this.endpoint.send(body, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, (reply) => readQueryReply(action, reply), options);
  }

  /** Closes the kept-alive connections. */
  destroy(): void {
    this.endpoint.destroy();
  }
}
