// The hello system as `skein up` runs it: front (public) → back, plus a gentle traffic generator.
import { fileURLToPath } from 'node:url';

export interface HelloOptions {
  basePort: number;
}

export interface Service {
  name: string;
  entry: string;
  port: number;
  env: Record<string, string>;
  public?: boolean;
}

export interface TrafficOptions {
  rate: number;
  baseUrl: string;
  log: (line: string) => void;
}

const entry = (name: string): string => fileURLToPath(new URL(`./${name}.js`, import.meta.url));
const names = ['ada', 'grace', 'linus', 'margaret', 'ken'];

export function createSystem({ basePort }: HelloOptions) {
  const backPort = basePort + 1;
  return {
    name: 'hello (front → back)',
    services: <Service[]>[
      {
        name: 'front',
        entry: entry('front'),
        port: basePort,
        env: { BACK_URL: `http://127.0.0.1:${backPort}` },
        public: true,
      },
      { name: 'back', entry: entry('back'), port: backPort, env: {} },
    ],
    traffic: ({ rate, baseUrl, log }: TrafficOptions) => {
      let sent = 0;
      let failed = 0;
      const timer = setInterval(() => {
        const name = names[sent++ % names.length]!;
        fetch(`${baseUrl}/hello/${name}`)
          .then((res) => res.body?.cancel())
          .catch(() => {
            if (++failed % 10 === 1) log(`${failed} request(s) failed so far`);
          });
      }, 1000 / rate);
      return async () => clearInterval(timer);
    },
  };
}
