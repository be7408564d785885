"use client";

// How participants get in: the join code (to read out or type), the join link and its QR
// code (to scan from a projected screen), each with a copy button. "Show larger" turns
// the panel into a projector view, full screen where the browser allows it.
import { useTranslations } from "next-intl";
import { QRCodeSVG } from "qrcode.react";
import { useEffect, useRef, useState } from "react";
import { CopyLink } from "@/app/components/copy-link";
import { CopyButton } from "./copy-button";
import "./lobby.css";

export function JoinPanel({ code, url }: { code: string; url: string }) {
  const t = useTranslations("lobby");
  const panel = useRef<HTMLElement>(null);
  const [large, setLarge] = useState(false);

  // Leaving full screen with Escape leaves the projector view too.
  useEffect(() => {
    const left = () => {
      if (!document.fullscreenElement) setLarge(false);
    };
    document.addEventListener("fullscreenchange", left);
    return () => document.removeEventListener("fullscreenchange", left);
  }, []);

  const toggle = () => {
    if (large) {
      setLarge(false);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
      return;
    }
    setLarge(true);
    // Refused without a user gesture or in a frame: the enlarged panel stays in the page.
    void panel.current?.requestFullscreen?.().catch(() => undefined);
  };

  return (
    <section ref={panel} className={`join-panel${large ? " is-large" : ""}`} aria-labelledby="join-heading">
      <div className="join-panel-head">
        <h3 id="join-heading">{t("joinHeading")}</h3>
        <button type="button" className="button button-secondary" aria-pressed={large} onClick={toggle}>
          {t("showLarger")}
        </button>
      </div>
      <div className="join-panel-body">
        <div className="join-panel-text">
          <p className="join-panel-label">{t("joinCode")}</p>
          <p className="join-panel-code">
            <strong data-testid="join-code">{code}</strong>
          </p>
          {large ? (
            <p className="join-panel-url">{t("orGoTo", { url: url.replace(/^https?:\/\//, "").replace(/\?.*$/, "") })}</p>
          ) : (
            <>
              <CopyButton text={code} label={t("copyCode")} />
              <CopyLink url={url} label={t("joinLink")} />
            </>
          )}
        </div>
        <figure className="join-panel-qr">
          <QRCodeSVG value={url} size={168} level="M" marginSize={2} role="img" aria-label={t("qrLabel")} data-testid="join-qr" />
          <figcaption className="meta">{t("qrCaption")}</figcaption>
        </figure>
      </div>
    </section>
  );
}
