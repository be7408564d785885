"use client";

import { useTranslations } from "next-intl";
import { callApi } from "@/lib/client/api";
import type { ReplayScreen } from "@/server/debrief/replay.service";
import { useServerText } from "@/app/components/use-server-text";

interface Props {
  exerciseId: string;
  channels: ReplayScreen["channels"];
  currentId: string | undefined;
  /** The facilitator's own view (staff only): backchannels can be declassified there. */
  declassifies: boolean;
  onChoose: (channelId: string) => void;
  /** A sealed channel opened or a backchannel (de)classified: the replay is read again. */
  onChanged: () => void;
  onFailed: (message: string) => void;
}

/** The channels to replay, with opening a sealed one and declassifying a backchannel. */
export function DebriefChannels({ exerciseId, channels, currentId, declassifies, onChoose, onChanged, onFailed }: Props) {
  const t = useTranslations("debrief");
  const serverText = useServerText();
  return (
    <nav className="channels" aria-label={t("channels")}>
      <ul>
        {channels.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              className={`channel-button${currentId === c.id ? " is-current" : ""}`}
              aria-current={currentId === c.id ? "true" : undefined}
              onClick={() => onChoose(c.id)}
            >
              <span className="channel-name">
                {c.name}
                {c.declassified && <span className="kind kind-backchannel">{t("declassified")}</span>}
              </span>
            </button>
            {c.sealed && (
              <button
                type="button"
                className="link-button small"
                aria-label={t("openSealed", { name: c.name })}
                onClick={async () => {
                  // Audited like opening it in the console; then the replay includes it.
                  const r = await callApi(`/api/exercises/${exerciseId}/oversight`, { body: { channelId: c.id } });
                  if (!r.ok) onFailed(serverText(r.message));
                  else onChanged();
                }}
              >
                {t("open")}
              </button>
            )}
            {declassifies && c.kind === "backchannel" && !c.sealed && (
              <button
                type="button"
                className="link-button small"
                onClick={async () => {
                  const r = await callApi(`/api/exercises/${exerciseId}/declassify`, {
                    body: { channelId: c.id, declassified: !c.declassified },
                  });
                  if (!r.ok) onFailed(serverText(r.message));
                  else onChanged();
                }}
              >
                {c.declassified ? t("reclassify") : t("declassify")}
              </button>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
