import { startLinkProxy, type LinkProxy } from './link-proxy.js';

/**
 * Links on loopback in front of an API stand-in, as the contract tests use them: one that cuts downloads,
 * one that cuts uploads, one slow; and the stand-in's API URL through any of them.
 */
export interface ApiLinks {
  readonly cutIn: LinkProxy;
  readonly cutOut: LinkProxy;
  readonly slow: LinkProxy;
  /** The API URL through a link, in front of the stand-in. */
  through(link: LinkProxy): string;
  close(): Promise<void>;
}

export async function startApiLinks(apiUrl: string): Promise<ApiLinks> {
  const port = Number(new URL(apiUrl).port);
  const cutIn = await startLinkProxy(port);
  const cutOut = await startLinkProxy(port);
  const slow = await startLinkProxy(port);
  slow.behaviour = { throttle: { chunkBytes: 16 * 1024, delayMs: 5 } };
  return {
    cutIn,
    cutOut,
    slow,
    through: (link) => apiUrl.replace(/:\d+\//, `:${link.port}/`),
    async close() {
      await Promise.all([cutIn.close(), cutOut.close(), slow.close()]);
    },
  };
}
