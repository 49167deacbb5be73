/** A dashboard request that names nothing to show (400) or something that is not there (404), in both languages. */
export class DashboardRequestError extends Error {
  constructor(
    readonly statusCode: 400 | 404,
    readonly messageVi: string,
    readonly messageEn: string,
  ) {
    super(messageEn);
  }
}
