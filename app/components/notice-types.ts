/** A notice shown as a toast and read out by the notices' live region. */
export type NoticeTone = "info" | "warning" | "success";

export interface Notice {
  id: number;
  title: string;
  body?: string;
  tone: NoticeTone;
}
