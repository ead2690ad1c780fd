export { dashboardHandler, isDashboardPath, DASHBOARD_PREFIX, WRITE_HEADER, type DashboardDeps, type DashboardHandler } from "./handler.js";
export { DashboardSessions } from "./sessions.js";
