"use client";

import type { ComponentProps } from "react";
import { RoomClient } from "../room/room-client";
import { ConsoleSide } from "./console-side";

type SideProps = Omit<ComponentProps<typeof ConsoleSide>, "live">;

export function ConsoleClient({ room, side }: { room: Omit<ComponentProps<typeof RoomClient>, "side">; side: SideProps }) {
  return (
    <div className="console">
      <RoomClient {...room} side={(live) => <ConsoleSide live={live} {...side} />} />
    </div>
  );
}
