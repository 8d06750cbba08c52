export { AppUpdater, type AppUpdaterOptions, type ServiceWorkerHost, type UpdateState } from './updates';
export {
  InstallOffer,
  isInstallPromptEvent,
  needsIosHint,
  type InstallPromptEvent,
  type InstallState,
} from './install';
