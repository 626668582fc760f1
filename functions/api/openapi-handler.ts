import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import openapi from '../../schemas/json/openapi.json' with { type: 'json' };

/**
 * GET /openapi.json, without the authorizer: the document is the API's contract (the same
 * file is committed in the open-source repository), holds no data and no port names, and
 * integrators and the CLI need it before anyone signs in. No SDK, no permissions.
 */
const body = JSON.stringify(openapi);

export async function handler(_event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=300' },
    body,
  };
}
