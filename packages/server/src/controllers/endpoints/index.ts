// The endpoints controller: each Service with a selector has an Endpoints listing its pods.
export { endpointsController, reconcileEndpoints } from "./endpoints-controller.js";
export { planEndpoints, desiredEndpoints, managesEndpoints, selects, ENDPOINT_PORTS_ANNOTATION } from "./endpoints-plan.js";
export type { DesiredEndpoints, EndpointsAction } from "./endpoints-plan.js";
