import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { logger } from '../../shared/powertools';
import type { ApiDependencies } from './operation';
import { routeRequest } from './router';

/** The API handler around given dependencies: tests pass in-memory stores, the Lambda its DynamoDB ones. */
export function createApiHandler(dependencies: ApiDependencies) {
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler((event) => routeRequest(event, dependencies));
}
