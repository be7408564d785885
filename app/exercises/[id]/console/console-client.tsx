"use client";

import type { ComponentProps } from "react";
import { RoomClient } from "../room/room-client";
import { ConsoleSide, type ConsoleSideProps } from "./console-side";
import "./console.css";

/** The room as the facilitator sees it, with the console's panels where a participant's papers go. */
export function ConsoleClient({ room, side }: { room: Omit<ComponentProps<typeof RoomClient>, "side">; side: ConsoleSideProps }) {
  return (
    <div className="console">
      <RoomClient {...room} side={(live) => <ConsoleSide live={live} {...side} />} />
    </div>
  );
}
