import { PricingClient } from '@aws-sdk/client-pricing';
import { StaticPriceBook } from '../../domain/cost/static-price-book';
import type { Resource } from '../../domain/model';
import type { PriceBook } from '../../domain/pricing';
import { PriceListPriceBook, priceRequestsFor } from './price-list-price-book';

/** Thrown when PRICE_SOURCE names no known price source. */
export class InvalidPriceSourceError extends Error {
  override readonly name = 'InvalidPriceSourceError';
  constructor(value: string) {
    super(`PRICE_SOURCE must be 'price-list' or 'static', not '${value}'`);
  }
}

/** The price book PRICE_SOURCE selects, with its priming step (the Price List API is read up front). */
export function priceBookFor(source: string | undefined): {
  readonly prices: PriceBook;
  readonly primePrices?: (resources: readonly Resource[]) => Promise<unknown>;
} {
  const value = source === undefined || source === '' ? 'price-list' : source;
  if (value === 'static') return { prices: new StaticPriceBook() };
  if (value !== 'price-list') throw new InvalidPriceSourceError(value);
  // The Price List API is served from us-east-1 (and two other regions) only.
  const book = new PriceListPriceBook(new PricingClient({ region: 'us-east-1' }));
  return { prices: book, primePrices: (resources) => book.prime(priceRequestsFor(resources)) };
}
