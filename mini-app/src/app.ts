// First, before any shared schema is built: the h5 CSP and WeChat's runtime both refuse eval.
import '@linli/shared/no-eval';
import type { PropsWithChildren } from 'react';
import { listenForPrivacyRequests } from './services/privacy';
import './app.scss';

// weapp: WeChat asks through this before the first privacy API (chooseMedia, getPhoneNumber).
listenForPrivacyRequests();

/** The root component; `children` is the current page. */
function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
