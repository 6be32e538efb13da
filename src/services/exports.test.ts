// The services are part of the package root's API.
import { expect, it } from "vitest";
import * as root from "../index.js";

it("the package root exports the services", () => {
  for (const name of ["addReflection", "addHealth", "ReflectionClient", "ReflectionService", "HealthService", "serviceFromPool", "poolOf"] as const) {
    expect(typeof root[name], name).toBe("function");
  }
  expect(root.ServerReflection.typeName).toBe("grpc.reflection.v1.ServerReflection");
  expect(root.ServerReflectionV1Alpha.typeName).toBe("grpc.reflection.v1alpha.ServerReflection");
  expect(root.Health.typeName).toBe("grpc.health.v1.Health");
});
