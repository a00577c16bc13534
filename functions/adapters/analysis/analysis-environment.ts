import { PricingClient } from '@aws-sdk/client-pricing';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PriceBook } from '../../domain/pricing';
import type { AnalysisEnvironment } from '../../shared/contract/environment';
import { DynamoDbCostStore } from '../dynamodb/cost-store';
import { DynamoDbExceptionStore } from '../dynamodb/exception-store';
import { DynamoDbFindingStore } from '../dynamodb/finding-store';
import { DynamoDbPostureStore } from '../dynamodb/posture-store';
import { DynamoDbResourceStore } from '../dynamodb/resource-store';
import { DynamoDbUtilizationStore } from '../dynamodb/utilization-store';
import { PriceListPriceBook, priceRequestsFor } from '../pricing/price-list-price-book';
import { StaticPriceBook } from '../pricing/static-price-book';
import type { AnalysisDependencies } from './run-analysis';

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
  readonly primePrices?: AnalysisDependencies['primePrices'];
} {
  const value = source === undefined || source === '' ? 'price-list' : source;
  if (value === 'static') return { prices: new StaticPriceBook() };
  if (value !== 'price-list') throw new InvalidPriceSourceError(value);
  // The Price List API is served from us-east-1 (and two other regions) only.
  const book = new PriceListPriceBook(new PricingClient({ region: 'us-east-1' }));
  return { prices: book, primePrices: (resources) => book.prime(priceRequestsFor(resources)) };
}

/** Everything the Analyze step needs except the clock, from the environment. */
export function analysisDependencies(
  environment: AnalysisEnvironment,
  documentClient: DynamoDBDocumentClient,
): Omit<AnalysisDependencies, 'now'> {
  const table = environment.TABLE_NAME;
  return {
    resources: new DynamoDbResourceStore(documentClient, table),
    utilization: new DynamoDbUtilizationStore(documentClient, table),
    findings: new DynamoDbFindingStore(documentClient, table),
    posture: new DynamoDbPostureStore(documentClient, table),
    exceptions: new DynamoDbExceptionStore(documentClient, table),
    costs: new DynamoDbCostStore(documentClient, table),
    ...priceBookFor(environment.PRICE_SOURCE),
  };
}
