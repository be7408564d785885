"use client";

// The channels a seat may use, with unread counts; backchannel invitations answered where
// they appear; a request (or, for a role that may, a convened meeting) to open one; who is
// online. Channel kinds and team channels are named in the reader's language.
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import type { ChannelDto, PresenceDto } from "@/lib/contract/events";
import type { Result } from "@/lib/contract/result";
import { useServerText } from "@/app/components/use-server-text";

export interface RoleInfo {
  key: string;
  name: string;
}

/** A channel's name as the reader reads it: kinds translated, team channels by their role. */
export function useChannelLabel(roleName: (key: string) => string) {
  const t = useTranslations("room");
  return (c: ChannelDto): string =>
    c.kind === "plenary"
      ? t("kind.plenary")
      : c.kind === "announcements"
        ? t("announcements")
        : c.kind === "team"
          ? t("teamOf", { role: roleName(c.members[0] ?? "") })
          : c.name;
}

interface Props {
  channels: ChannelDto[];
  currentId: string | undefined;
  unread: (c: ChannelDto) => number;
  onSelect(channelId: string): void;
  myRole: string | undefined;
  roles: RoleInfo[];
  roleName: (key: string) => string;
  mayConvene: boolean;
  respond(channelId: string, accept: boolean): void;
  request(roles: string[], convene: boolean): Promise<Result<{ channelId: string }>>;
  presence: PresenceDto["online"];
  onError(message: string): void;
}

export function ChannelList({
  channels,
  currentId,
  unread,
  onSelect,
  myRole,
  roles,
  roleName,
  mayConvene,
  respond,
  request,
  presence,
  onError,
}: Props) {
  const t = useTranslations("room");
  const label = useChannelLabel(roleName);
  const invitations = channels.filter((c) => c.kind === "backchannel" && myRole && c.pending.includes(myRole));
  return (
    <nav className="channels" aria-label={t("channels")}>
      {invitations.map((c) => (
        <div key={c.id} className="invitation panel" role="group" aria-label={t("invitationLabel", { name: c.name })}>
          <p>
            {t.rich("invitation", { role: roleName(c.requestedBy ?? ""), name: c.name, strong: (chunks) => <strong>{chunks}</strong> })}
          </p>
          <div className="invitation-actions">
            <button className="button" type="button" onClick={() => respond(c.id, true)}>
              {t("accept")}
            </button>
            <button className="button button-secondary" type="button" onClick={() => respond(c.id, false)}>
              {t("decline")}
            </button>
          </div>
        </div>
      ))}
      <ul className="channel-list">
        {channels.map((c) => {
          const count = unread(c);
          return (
            <li key={c.id}>
              <button
                type="button"
                className={`channel-button${currentId === c.id ? " is-current" : ""}`}
                aria-current={currentId === c.id ? "true" : undefined}
                onClick={() => onSelect(c.id)}
              >
                <span className="channel-name">
                  {c.kind === "backchannel" && <span className="kind kind-backchannel">{t("kind.backchannel")}</span>} {label(c)}
                </span>
                {c.closed && <span className="meta"> {t("closed")}</span>}
                {count > 0 && currentId !== c.id && (
                  <span className="unread" aria-label={t("unread", { count })}>
                    {count}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
      {myRole && (
        <BackchannelForm
          roles={roles.filter((r) => r.key !== myRole)}
          mayConvene={mayConvene}
          onError={onError}
          onOpened={onSelect}
          request={request}
        />
      )}
      <Presence online={presence} roleName={roleName} />
    </nav>
  );
}

function BackchannelForm({
  roles,
  mayConvene,
  onError,
  onOpened,
  request,
}: {
  roles: RoleInfo[];
  mayConvene: boolean;
  onError: (message: string) => void;
  onOpened: (channelId: string) => void;
  request: (roles: string[], convene: boolean) => Promise<Result<{ channelId: string }>>;
}) {
  const t = useTranslations("room");
  const serverText = useServerText();
  const [open, setOpen] = useState(false);
  async function send(formEl: HTMLFormElement, convene: boolean) {
    const chosen = new FormData(formEl).getAll("roles").map(String);
    if (chosen.length === 0) return onError(t("chooseInvitees"));
    // Convening brings parties together: at least two of them (the protocol's rule).
    if (convene && chosen.length < 2) return onError(t("conveneTwo"));
    const result = await request(chosen, convene);
    if (!result.ok) return onError(serverText(result.message));
    onError(""); // an earlier refusal no longer applies
    formEl.reset();
    setOpen(false);
    onOpened(result.data.channelId);
  }
  return (
    <details className="backchannel-form" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{mayConvene ? t("openBackchannelMenu") : t("requestBackchannel")}</summary>
      <form
        onSubmit={(e: FormEvent<HTMLFormElement>) => {
          e.preventDefault();
          void send(e.currentTarget, false);
        }}
      >
        <fieldset>
          <legend>{t("invite")}</legend>
          {roles.map((r) => (
            <label key={r.key} className="check">
              <input type="checkbox" name="roles" value={r.key} /> {r.name}
            </label>
          ))}
        </fieldset>
        <div className="form-actions">
          <button className="button" type="submit">
            {t("sendRequest")}
          </button>
          {mayConvene && (
            <button
              className="button button-secondary"
              type="button"
              title={t("conveneHint")}
              onClick={(e) => {
                const form = e.currentTarget.form;
                if (form) void send(form, true);
              }}
            >
              {t("convene")}
            </button>
          )}
        </div>
        {mayConvene && <p className="meta">{t("conveneHint")}</p>}
      </form>
    </details>
  );
}

function Presence({ online, roleName }: { online: Record<string, string[]>; roleName: (key: string) => string }) {
  const t = useTranslations("room");
  const entries = Object.entries(online);
  return (
    <section className="presence" aria-label={t("whoIsOnline")}>
      <h2 className="small-heading">{t("onlineHeading")}</h2>
      {entries.length === 0 ? (
        <p className="meta">{t("nobodyOnline")}</p>
      ) : (
        <ul>
          {entries.map(([key, names]) => (
            <li key={key}>
              <span className="dot" aria-hidden="true" />{" "}
              {t("presenceLine", {
                group: key === "staff" ? t("facilitator") : key === "observers" ? t("observers") : roleName(key),
                names: names.join(", "),
              })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
