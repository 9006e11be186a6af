/**
 * One DynamoDB document client per environment: per process on AWS, where the SDK finds the
 * endpoint itself; per local system, on its dynalite (shared/runtime-env.ts).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClientOptions, perEnvironment } from '../runtime-env.ts';

export const documentClient: () => DynamoDBDocumentClient = perEnvironment(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 3, ...awsClientOptions('DYNAMODB') }), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);
