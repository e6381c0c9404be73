import type { Context, LambdaFunctionURLEvent } from 'aws-lambda';
import { fromFunctionUrl, toFunctionUrl, type FunctionUrlResult } from '#shared/cloud/aws/function-url.js';
import { configFromEnv, createRuntime, once } from '#shared/cloud/aws/runtime.js';
import { linksApi } from '#shared/cloud/links-api.js';
import { createLogger, type Logger } from '#shared/cloud/log.js';
import type { CloudRuntime } from '#shared/cloud/ports.js';
import type { LinksDeps } from '#shared/cloud/use-cases/links.js';

/** The links API (shared/cloud/links-api.ts) behind a Lambda function URL. */
export const makeHandler =
  (runtime: () => CloudRuntime, log: Logger = createLogger({ service: 'links' }), extra: Partial<LinksDeps> = {}) =>
  async (event: LambdaFunctionURLEvent, context: Pick<Context, 'awsRequestId'>): Promise<FunctionUrlResult> => {
    const api = linksApi(() => ({ ...runtime(), ...extra }), log.with({ requestId: context.awsRequestId }));
    return toFunctionUrl(await api(fromFunctionUrl(event)));
  };

export const handler = makeHandler(once(() => createRuntime(configFromEnv())));
