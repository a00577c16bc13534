import type { Operation } from './operation';

/** `GET /settings` (admin): the configuration the deployment runs with, as its functions read it. */
export const getSettings: Operation<'getSettings'> = async (_request, dependencies) => {
  if (!dependencies.settings) throw new Error('The API was started without its deployment settings');
  return { body: dependencies.settings };
};
