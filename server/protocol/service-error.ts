/** The service refused a request (or answered something that is not the protocol): code, both sentences, HTTP status. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageVi: string,
    readonly messageEn: string,
    readonly where?: Record<string, unknown>,
  ) {
    super(messageEn);
  }
}

/** A refusal as the protocol's error body. */
export function errorBody(error: ServiceError): { error: { code: string; vi: string; en: string; where?: Record<string, unknown> } } {
  return { error: { code: error.code, vi: error.messageVi, en: error.messageEn, ...(error.where && { where: error.where }) } };
}
