/**
 * Which addresses a crawl may connect to (server-side request forgery): a public site's link or
 * redirect must not lead the crawler to this machine, the local network or a cloud metadata
 * service. The addresses the user gives as start URLs are trusted for that crawl, class by class
 * (tests and the demo run on 127.0.0.1, an intranet crawl starts on 10.x): a crawl that starts on
 * loopback may follow loopback links, one that starts on the public web may not leave it.
 *
 * The check is on the address actually connected to (request.ts resolves the name with
 * dns.lookup, checks every address, connects to the checked one, and checks the socket's peer
 * again), not on the URL text: `http://internal.example/` resolving to 10.0.0.5, or
 * `http://2130706433/`, are what they resolve to.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { FetchError } from './contract.js';

export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'unspecified' | 'reserved';

/** IPv4 ranges by class, most specific first: [first address, prefix length, class]. */
const V4: [string, number, AddressClass][] = [
  ['169.254.169.254', 32, 'metadata'], // AWS, GCP, Azure, OpenStack …
  ['169.254.170.2', 32, 'metadata'], // AWS ECS task metadata
  ['100.100.100.200', 32, 'metadata'], // Alibaba Cloud
  ['0.0.0.0', 8, 'unspecified'],
  ['127.0.0.0', 8, 'loopback'],
  ['10.0.0.0', 8, 'private'],
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
  ['100.64.0.0', 10, 'private'], // carrier-grade NAT, used inside clouds
  ['169.254.0.0', 16, 'link-local'],
  ['192.0.0.0', 24, 'reserved'],
  ['198.18.0.0', 15, 'reserved'], // benchmarking
  ['224.0.0.0', 4, 'reserved'], // multicast
  ['240.0.0.0', 4, 'reserved'], // reserved, broadcast
];

function v4Number(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function classOfV4(ip: string): AddressClass {
  const n = v4Number(ip);
  for (const [first, bits, cls] of V4) {
    const size = 2 ** (32 - bits);
    const start = v4Number(first);
    if (n >= start && n < start + size) return cls;
  }
  return 'public';
}

/** The eight 16-bit groups of an IPv6 address (with an embedded IPv4 tail expanded). */
function v6Groups(ip: string): number[] {
  let s = ip.toLowerCase().replace(/%.*$/, '');
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const n = v4Number(v4[1]);
    s = s.slice(0, -v4[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail ? tail.split(':') : [];
  const fill = tail !== undefined ? new Array(8 - h.length - t.length).fill('0') : [];
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16));
}

function classOfV6(ip: string): AddressClass {
  const g = v6Groups(ip);
  const zeroUpTo = (i: number) => g.slice(0, i).every((x) => x === 0);
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible: the IPv4 address decides
  if (zeroUpTo(5) && (g[5] === 0xffff || (g[5] === 0 && (g[6] !== 0 || g[7] > 1)))) return classOfV4(`${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`);
  if (zeroUpTo(7) && g[7] === 1) return 'loopback';
  if (zeroUpTo(8)) return 'unspecified';
  if (g[0] === 0xfd00 && g[1] === 0x0ec2 && g.slice(2, 7).every((x) => x === 0) && g[7] === 0x254) return 'metadata'; // AWS IPv6
  if ((g[0] & 0xfe00) === 0xfc00) return 'private'; // unique local fc00::/7
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xff00) === 0xff00) return 'reserved'; // multicast
  return 'public';
}

/** The class of an IP address (v4 or v6); a string that is not one is 'reserved' (never connected to). */
export function addressClass(ip: string): AddressClass {
  const bare = ip.replace(/^\[|\]$/g, '');
  const v = isIP(bare.replace(/%.*$/, ''));
  if (v === 4) return classOfV4(bare);
  if (v === 6) return classOfV6(bare);
  return 'reserved';
}

/** The classes a crawl may connect to: public, plus those of the start URLs' own addresses. */
export class AddressPolicy {
  private readonly allowed: Set<AddressClass>;

  constructor(allowed: Iterable<AddressClass> = ['public']) {
    this.allowed = new Set(allowed);
  }

  allows(cls: AddressClass): boolean {
    return this.allowed.has(cls);
  }

  /** Trusts the classes of the addresses a start URL's host resolves to; a name that does not resolve adds nothing. */
  async allowHostOf(url: string): Promise<void> {
    let host: string;
    try {
      host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    } catch {
      return;
    }
    if (isIP(host)) {
      this.allowed.add(addressClass(host));
      return;
    }
    try {
      for (const a of await lookup(host, { all: true })) this.allowed.add(addressClass(a.address));
    } catch {
      // unresolvable: the fetch fails as 'dns' later, with its own message
    }
  }

  /** The error for connecting to `ip` on the way to `url`, or null when the crawl may. */
  refusal(ip: string, url: string): FetchError | null {
    const cls = addressClass(ip);
    if (this.allowed.has(cls)) return null;
    let host = '';
    try {
      host = new URL(url).host;
    } catch {
      // the URL was checked before
    }
    return new FetchError('private_address', `${host} is at ${ip}, a ${cls} address; the crawl started elsewhere, so it does not go there`, url, false);
  }
}
