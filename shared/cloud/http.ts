/** An HTTP request as any server hands it over: a function URL (aws/function-url.ts) or a local Node server. */
export interface HttpRequest {
  method: string;
  path: string;
  /** Header names in any case. */
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  /** The body as text (already decoded when it came base64-encoded). */
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const jsonResponse = (status: number, body: unknown): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

export const header = (req: HttpRequest, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  return Object.entries(req.headers).find(([k]) => k.toLowerCase() === wanted)?.[1];
};

export const bearerToken = (req: HttpRequest): string | undefined => header(req, 'authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
