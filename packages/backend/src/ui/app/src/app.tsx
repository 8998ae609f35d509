// The shell: navigation, the trace-id box, and the page for the current path.
import { Link, traceHref } from './components/link.js';
import { HealthPage } from './pages/health.js';
import { LogsPage } from './pages/logs.js';
import { SearchPage } from './pages/search.js';
import { ServiceMapPage } from './pages/service-map.js';
import { ServicePage } from './pages/service.js';
import { TracePage } from './pages/trace.js';
import { navigate, useLocation, type Location } from './router.js';

const TRACE_ID = /^[0-9a-f]{1,32}$/i;

function Page({ location }: { location: Location }) {
  const parts = location.path.split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case undefined:
    case 'search':
      return <SearchPage location={location} />;
    case 'trace':
      return parts[1] ? <TracePage key={parts[1]} traceId={parts[1]} location={location} /> : <NotFound />;
    case 'map':
      return <ServiceMapPage />;
    case 'service':
      return parts[1] ? <ServicePage key={parts[1]} service={parts[1]} /> : <NotFound />;
    case 'logs':
      return <LogsPage location={location} />;
    case 'health':
      return <HealthPage location={location} />;
    default:
      return <NotFound />;
  }
}

function NotFound() {
  return <p>This page does not exist. Try the search.</p>;
}

function TraceIdBox() {
  const submit = (e: Event): void => {
    e.preventDefault();
    const input = (e.currentTarget as HTMLFormElement).elements.namedItem('traceId') as HTMLInputElement;
    const id = input.value.trim().toLowerCase();
    if (!TRACE_ID.test(id)) {
      input.setCustomValidity('A trace id is up to 32 hex digits');
      input.reportValidity();
      return;
    }
    input.value = '';
    navigate(traceHref(id.padStart(32, '0')));
  };
  return (
    <form class="trace-id-box" role="search" onSubmit={submit}>
      <label>
        <span class="visually-hidden">Trace id</span>
        <input
          name="traceId"
          placeholder="Paste a trace id"
          autocomplete="off"
          spellcheck={false}
          onInput={(e) => e.currentTarget.setCustomValidity('')}
        />
      </label>
      <button type="submit">Open</button>
    </form>
  );
}

export function App() {
  const location = useLocation();
  const section = location.path.split('/')[1] ?? '';
  const nav: [string, string, boolean][] = [
    ['/search', 'Search', section === '' || section === 'search' || section === 'trace'],
    ['/map', 'Service map', section === 'map' || section === 'service'],
    ['/logs', 'Logs', section === 'logs'],
    ['/health', 'Health', section === 'health'],
  ];
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link href="/search" class="brand">
          Skein
        </Link>
        <nav aria-label="Main">
          {nav.map(([href, label, current]) => (
            <Link key={href} href={href} aria-current={current ? 'page' : undefined}>
              {label}
            </Link>
          ))}
        </nav>
        <TraceIdBox />
      </header>
      <main id="main">
        <Page location={location} />
      </main>
    </>
  );
}
