// The site navigation on a phone: one "Menu" disclosure (a native <details>, keyboard and
// screen-reader ready, no script) instead of a header that wraps onto three lines.
import { getTranslations } from "next-intl/server";
import { LocaleSwitcher } from "./locale-switcher";
import { SignOutButton } from "./sign-out-button";

export async function SiteMenu({ links, signedIn, name }: { links: { href: string; label: string }[]; signedIn: boolean; name?: string }) {
  const t = await getTranslations("layout");
  return (
    <details className="site-menu">
      <summary className="button button-quiet">{t("menu")}</summary>
      <div className="menu-content site-menu-panel">
        {name && <p className="menu-label">{name}</p>}
        <ul className="site-menu-links">
          {links.map((l) => (
            <li key={l.href}>
              <a className="menu-item" href={l.href}>
                {l.label}
              </a>
            </li>
          ))}
        </ul>
        <div className="site-menu-row">
          <LocaleSwitcher />
          {signedIn && <SignOutButton />}
        </div>
      </div>
    </details>
  );
}
