import { scenarioSchema, type Scenario } from "./scenario.schema";

/** A stored scenario definition (JSON, validated when it was stored) read back. */
export function parseScenario(definition: string): Scenario {
  return scenarioSchema.parse(JSON.parse(definition));
}
