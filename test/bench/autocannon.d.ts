/** The part of autocannon's API that load-bench.ts uses (the package ships no types). */
declare module 'autocannon' {
  namespace autocannon {
    interface Request { method?: string; path?: string; headers?: Record<string, string>; body?: string; setupRequest?: (req: Request) => Request }
    interface Options {
      url: string; connections?: number; amount?: number; duration?: number; timeout?: number;
      headers?: Record<string, string>; requests?: Request[];
    }
    interface Histogram { average: number; p50: number; p99: number; max: number; total: number }
    interface Result { requests: Histogram; latency: Histogram; errors: number; timeouts: number; non2xx: number; duration: number }
  }
  function autocannon(opts: autocannon.Options, cb: (err: Error | null, result: autocannon.Result) => void): unknown;
  export default autocannon;
}
