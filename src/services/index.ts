/**
 * Services built only on the public RPC API: health checking and server
 * reflection (with a reflection client), plus run-time service definitions
 * for the dynamic path.
 */
export { addHealth, HealthService, Health, type HealthOptions, type ServingStatus } from "./health.js";
export {
  addReflection,
  ReflectionService,
  ServerReflection,
  ServerReflectionV1Alpha,
  type ReflectionOptions,
  type ReflectionVersion,
} from "./reflection.js";
export { ReflectionIndex, type ReflectionFile } from "./reflection-index.js";
export { ReflectionClient, poolOf, type ReflectionClientOptions } from "./reflection-client.js";
export { serviceFromPool, type DynamicMethod } from "./dynamic-service.js";
