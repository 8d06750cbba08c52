/** Rules for the addresses Hearth connects to (the model mirror and the cloud endpoint). */
export { isLoopbackHost, parseUrl, urlPolicyProblem, type UrlProblem } from './url-policy';
