import { useEffect, useId, useRef, useState } from 'react';
import { ROUTES, routeFromHash, type RoutePath } from './logic/routes.js';
import { AsymmetryPage } from './pages/AsymmetryPage.js';
import { LabelByMapPage } from './pages/LabelByMapPage.js';
import { MembershipPage } from './pages/MembershipPage.js';
import { OddOneOutPage } from './pages/OddOneOutPage.js';
import { SetGamePage } from './pages/SetGamePage.js';
import { WorldMapPage } from './pages/WorldMapPage.js';
import { WorldsPage } from './pages/WorldsPage.js';
import { useSettings } from './state/settings.js';

const PAGES: Record<RoutePath, () => React.JSX.Element> = {
  'odd-one-out': OddOneOutPage,
  'set-game': SetGamePage,
  membership: MembershipPage,
  map: WorldMapPage,
  asymmetry: AsymmetryPage,
  worlds: WorldsPage,
  'label-by-map': LabelByMapPage,
};

export function App() {
  const [route, setRoute] = useState<RoutePath>(() => routeFromHash(window.location.hash));
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    const onHash = () => {
      setRoute(routeFromHash(window.location.hash));
      main.current?.focus();
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.title = `${ROUTES.find((r) => r.path === route)?.title ?? ''} · ClusterFlow playground`;
  }, [route]);
  const Page = PAGES[route];
  return (
    <>
      <a className="skip" href="#main" onClick={(e) => (e.preventDefault(), main.current?.focus())}>
        Skip to content
      </a>
      <header className="top">
        <span className="brand">ClusterFlow</span>
        <nav aria-label="Pages">
          <ul>
            {ROUTES.map((r) => (
              <li key={r.path}>
                <a href={`#/${r.path}`} aria-current={r.path === route ? 'page' : undefined}>
                  {r.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <ApiKeyField />
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Page key={route} />
      </main>
    </>
  );
}

/** The API key for mutations, kept in this browser only. */
function ApiKeyField() {
  const { apiKey, setApiKey } = useSettings();
  const id = useId();
  return (
    <div className="api-key">
      <label htmlFor={id}>API key</label>
      <input
        id={id}
        type="password"
        autoComplete="off"
        value={apiKey}
        placeholder="for changes"
        onChange={(e) => setApiKey(e.target.value)}
      />
    </div>
  );
}
