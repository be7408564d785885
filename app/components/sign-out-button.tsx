"use client";

import { useTranslations } from "next-intl";

/** next-auth's client is loaded when someone signs out, not with every page. */
export async function signOutNow(): Promise<void> {
  const { signOut } = await import("next-auth/react");
  await signOut({ callbackUrl: "/" });
}

export function SignOutButton() {
  const t = useTranslations("layout");
  return (
    <button type="button" className="button button-quiet" onClick={() => void signOutNow()}>
      {t("signOut")}
    </button>
  );
}
