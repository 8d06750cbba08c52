import { OfflineError, toHearthError } from '../errors';

/**
 * Runs a model download. A stored model needs no network, so this only matters for one that is not: a
 * network failure while the browser says it is offline becomes an OfflineError that names the model and
 * says what to do, instead of "the connection failed".
 */
export async function offlineAware<T>(
  model: string,
  isOnline: () => boolean,
  download: () => Promise<T>,
): Promise<T> {
  try {
    return await download();
  } catch (error) {
    const hearth = toHearthError(error);
    if (hearth.code === 'NETWORK' && !isOnline()) throw new OfflineError(model);
    throw hearth;
  }
}
