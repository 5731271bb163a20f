export { limitPublicRoutes, perWindow, publicRoutesEnv, type RouteLimit } from './public-route-limits.js';
