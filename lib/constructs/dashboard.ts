import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Aws, Duration, Stack } from 'aws-cdk-lib';
import type { IRestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { API_BASE_PATH, API_STAGE_NAME } from './api';
import { projectPath } from './hostmaster-function';

/** Thrown at synth time when the dashboard has not been built, naming the command that builds it. */
export class FrontendNotBuiltError extends Error {
  constructor(assetPath: string) {
    super(
      `The dashboard build was not found at ${assetPath} (no index.html). Run \`npm run build:frontend\` before \`cdk synth\` or \`cdk deploy\`.`,
    );
    this.name = 'FrontendNotBuiltError';
  }
}

/** The runtime configuration the dashboard fetches from `/config.json` (written at deploy time). */
export interface DashboardRuntimeConfig {
  readonly apiUrl: string;
  readonly region: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
}

export interface DashboardProps {
  /** The API served under `/api/*` from the same origin, so the browser needs no CORS. */
  readonly api: IRestApi;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  /**
   * Directory holding the built dashboard (must contain index.html).
   * @default frontend/dist
   */
  readonly assetPath?: string;
  /** @default PriceClass.PRICE_CLASS_100 */
  readonly priceClass?: PriceClass;
  /** Days CloudFront and S3 access logs are kept. @default 90 */
  readonly accessLogRetentionDays?: number;
}

/**
 * The dashboard: a private bucket behind CloudFront (Origin Access Control), security headers with a
 * Content-Security-Policy that allows only this origin and the Cognito endpoint, an `/api/*` behaviour
 * to API Gateway, and a deployment of the built SPA plus a `config.json` generated from this stack.
 */
export class Dashboard extends Construct {
  readonly bucket: Bucket;
  readonly accessLogsBucket: Bucket;
  readonly distribution: Distribution;
  readonly responseHeadersPolicy: ResponseHeadersPolicy;
  readonly url: string;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    const assetPath = props.assetPath ?? projectPath('frontend/dist');
    if (!existsSync(join(assetPath, 'index.html'))) {
      throw new FrontendNotBuiltError(assetPath);
    }
    const region = Stack.of(this).region;
    // S3 server access logs are granted by bucket policy rather than the deprecated LogDeliveryWrite
    // ACL; set here so the behaviour does not depend on which cdk.json the app was synthesized with.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);

    this.accessLogsBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // CloudFront standard logging writes with an ACL grant, so ACLs must stay enabled here.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(props.accessLogRetentionDays ?? 90) }],
    });
    NagSuppressions.addResourceSuppressions(this.accessLogsBucket, [
      {
        id: 'AwsSolutions-S1',
        reason: 'This is the access-log destination; logging it into itself would loop.',
      },
    ]);

    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 's3/',
    });

    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'HostMaster dashboard security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(region),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });

    // Client-side routes (/resources/abc) have no object in the bucket. Rewriting extension-less paths
    // here, instead of mapping 403/404 to index.html for the whole distribution, keeps the API's own
    // 403 and 404 answers intact.
    const spaRewrite = new CloudFrontFunction(this, 'SpaRewrite', {
      comment: 'Serves index.html for client-side routes',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(
        [
          'function handler(event) {',
          '  var request = event.request;',
          "  var last = request.uri.substring(request.uri.lastIndexOf('/') + 1);",
          "  if (last.indexOf('.') === -1) { request.uri = '/index.html'; }",
          '  return request;',
          '}',
        ].join('\n'),
      ),
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'HostMaster dashboard and API',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: props.priceClass ?? PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.accessLogsBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeadersPolicy,
        functionAssociations: [{ function: spaRewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      additionalBehaviors: {
        [`/${API_BASE_PATH}/*`]: {
          origin: apiOrigin(props.api),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // Everything the browser sent (Authorization included) except Host, which must be the API's.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: this.responseHeadersPolicy,
        },
      },
    });
    this.url = `https://${this.distribution.distributionDomainName}`;
    NagSuppressions.addResourceSuppressions(this.distribution, [
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Who may use HostMaster is decided by Cognito sign-in, not by the viewer country.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'Every API call needs a Cognito token and the stage is throttled; a WAF web ACL is an optional add-on with its own cost.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The distribution uses the default *.cloudfront.net certificate, whose security policy CloudFront fixes; a custom domain with its certificate would set TLSv1.2_2021.',
      },
    ]);

    const config: DashboardRuntimeConfig = {
      apiUrl: `/${API_BASE_PATH}`,
      region,
      userPoolId: props.userPool.userPoolId,
      userPoolClientId: props.userPoolClient.userPoolClientId,
    };
    new BucketDeployment(this, 'Deployment', {
      sources: [Source.asset(assetPath), Source.jsonData('config.json', config)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    suppressBucketDeploymentFindings(Stack.of(this));
  }
}

/**
 * The API's regional endpoint, built from the API id and the fixed stage name rather than from
 * `RestApi.url` (what RestApiOrigin uses). `url` refers to the stage, the stage to the deployment, the
 * deployment to every method and the methods to the API function; so the distribution would depend
 * on the function, and the function could not carry the distribution's URL (DASHBOARD_URL, for links
 * in alerts) without a circular dependency. The API id alone depends on nothing of ours.
 */
function apiOrigin(api: IRestApi): HttpOrigin {
  return new HttpOrigin(`${api.restApiId}.execute-api.${Stack.of(api).region}.${Aws.URL_SUFFIX}`, {
    originPath: `/${API_STAGE_NAME}`,
    protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
    originSslProtocols: [OriginSslPolicy.TLS_V1_2],
  });
}

/**
 * Only this origin, plus the regional Cognito endpoint the sign-in calls. No inline script or style,
 * no framing, no plugins.
 */
export function contentSecurityPolicy(region: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' https://cognito-idp.${region}.amazonaws.com`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * BucketDeployment's handler is a singleton the library creates at stack level; its findings are
 * suppressed on that construct only.
 */
function suppressBucketDeploymentFindings(stack: Stack): void {
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
    NagSuppressions.addResourceSuppressions(
      child,
      [
        {
          id: 'AwsSolutions-IAM4',
          reason:
            'The CDK BucketDeployment handler uses AWSLambdaBasicExecutionRole to write its own logs; the function is library-owned.',
          appliesTo: [
            'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
          ],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'The CDK BucketDeployment handler copies every object of the asset into the dashboard bucket (s3:*Object* on bucket/*) and invalidates the distribution.',
          appliesTo: [
            'Action::s3:GetBucket*',
            'Action::s3:GetObject*',
            'Action::s3:List*',
            'Action::s3:Abort*',
            'Action::s3:DeleteObject*',
            { regex: '/^Resource::.*\\/\\*$/' },
            'Resource::*',
          ],
        },
        {
          id: 'AwsSolutions-L1',
          reason:
            'The runtime of the CDK BucketDeployment handler is chosen by aws-cdk-lib, not by HostMaster.',
        },
      ],
      true,
    );
  }
}
