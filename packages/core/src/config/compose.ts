import type { ComponentSlot, Components, FoundComponent } from './components.ts';
import { coreSchema } from './core-schema.ts';
import { withStreams } from './plugin-schema.ts';
import type { JsonSchema } from './schema-walk.ts';

/**
 * The schema one pipeline file is validated against: the core keys, and for each component
 * exactly the plugin it names. No `oneOf` across plugins, so errors stay specific.
 */
export function validationSchema(components: Components): JsonSchema {
  const sinks = components.sinks.map(slotSchema);
  return coreSchema(slotSchema(components.source), sinks.length ? sinks : {});
}

/** A plugin's config with `streams` already normalised to a map of stream → options. */
export function componentSchema(c: FoundComponent): JsonSchema {
  return withStreams(c.configSchema, { type: 'object', additionalProperties: c.optionsSchema });
}

function slotSchema(slot: ComponentSlot): JsonSchema {
  if (slot === 'reported') return {};
  if (slot === 'unchecked') return { type: 'object' };
  return { type: 'object', properties: { [slot.ref]: componentSchema(slot) }, required: [slot.ref] };
}
