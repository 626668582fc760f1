import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { handler as clearancesHandler } from './clearances-handler.ts';
import { handler as decideHandler } from './decide-handler.ts';
import { handler as listsHandler } from './lists-handler.ts';
import { handler as openapiHandler } from './openapi-handler.ts';
import { handler as queryHandler } from './query-handler.ts';
import { handler as resumeHandler } from './resume-handler.ts';
import { API_ROUTES, type ApiFunctionName } from './route-table.ts';
import { handler as uploadHandler } from './upload-handler.ts';

/**
 * The API's routes with the Lambda handler each runs, for the local stack (which turns HTTP
 * requests into the same API Gateway v2 events). The CDK construct reads route-table.ts.
 */
type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

const HANDLERS: Record<ApiFunctionName, Handler> = {
  query: queryHandler as unknown as Handler,
  decide: decideHandler as unknown as Handler,
  upload: uploadHandler as unknown as Handler,
  resume: resumeHandler as unknown as Handler,
  openapi: openapiHandler as unknown as Handler,
  lists: listsHandler as unknown as Handler,
  clearances: clearancesHandler as unknown as Handler,
};

export const apiRoutes = API_ROUTES.map((route) => ({
  method: route.method,
  path: route.path,
  handler: HANDLERS[route.function],
  public: 'public' in route && route.public === true,
}));
