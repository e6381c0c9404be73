import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { REPO_ROOT } from './bloc-function.js';

/** cdk-nag's CloudFront findings that this site accepts, each with its reason. */
const CLOUDFRONT_FINDINGS: Record<string, string> = {
  'AwsSolutions-CFR1':
    'No geo restriction: the staff of a bloc travel and use foreign networks; the pages are static files with no data, and every data request is authenticated by the links API.',
  'AwsSolutions-CFR2':
    'No WAF: a web ACL costs more each month than the whole stack; the pages are static, and the links API behind them checks a token on every call and has a reserved concurrency of 5.',
  'AwsSolutions-CFR3':
    'No CloudFront access log: the site serves the same public static files to everyone; legacy logging needs an ACL-enabled bucket (ours enforce the owner); every request that touches data reaches the links function, whose log is kept six months.',
  'AwsSolutions-CFR4':
    'The default *.cloudfront.net certificate: no custom domain is configured, and with that certificate CloudFront sets the TLS policy itself; deploy with a domain and an ACM certificate to pin TLSv1.2_2021.',
};

/** The context key naming the built pages (web/dist as Vite writes it); infra/app.ts sets it. */
export const WEB_DIST_CONTEXT = 'webDist';

/**
 * Builds the pages with Vite into a fresh folder of their own (never web/dist, which `bloc serve`
 * and the browser tests may be serving), so a deploy always ships the current source.
 */
export const buildWebSite = async (): Promise<string> => {
  const outDir = await mkdtemp(join(tmpdir(), 'thi-dua-web-'));
  const { build } = await import('vite');
  await build({ configFile: join(REPO_ROOT, 'web/vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return outDir;
};

export interface WebSiteProps {
  /** The built pages. */
  dist: string;
  /** Server access logs of the site bucket go here (under site/). */
  accessLogs: Bucket;
}

/**
 * The pages for members, reviewers and the lead: a private S3 bucket read only by CloudFront
 * (origin access control), HTTPS only, security headers on every answer, and `config.json`
 * ({ "api": "<links function URL>" }) written at deploy beside the built files.
 */
export class WebSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<distribution domain>`: the only origin the links URL and the uploads bucket accept (CORS). */
  readonly origin: string;

  private readonly dist: string;

  constructor(scope: Construct, id: string, props: WebSiteProps) {
    super(scope, id);
    this.dist = props.dist;
    const region = Stack.of(this).region;
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'site/',
      // Only built pages live here, put back by every deploy: nothing to keep when the stack goes.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // The pages call the links function URL and post uploads straight to S3; nothing else, no other host.
    const csp = [
      "default-src 'self'",
      "img-src 'self' data:",
      `connect-src 'self' https://*.lambda-url.${region}.on.aws https://*.s3.${region}.amazonaws.com`,
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'self'",
    ].join('; ');
    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Thi dua pages: CSP, HSTS, nosniff, no framing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Thi dua pages',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_200, // includes the edge locations in Vietnam and its neighbours
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
      },
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;
    for (const [id, reason] of Object.entries(CLOUDFRONT_FINDINGS)) Validations.of(this.distribution).acknowledge({ id, reason });
  }

  /** Copies the pages and `config.json` naming the API (a deploy-time value) into the bucket. */
  publish(apiUrl: string): void {
    new BucketDeployment(this, 'Pages', {
      destinationBucket: this.bucket,
      sources: [Source.asset(this.dist), Source.jsonData('config.json', { api: apiUrl })],
      // Hashed assets may stay cached; the page and its address file are fetched again after a deploy.
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      prune: false,
      // Deleting the stack empties the pages bucket so that it can go too (it holds only built files).
      retainOnDelete: false,
      memoryLimit: 256,
    });
    new CfnOutput(Stack.of(this), 'WebUrl', { value: this.origin, description: 'The web page (members, reviewers, the lead): open the link the lead sends' });
  }
}
