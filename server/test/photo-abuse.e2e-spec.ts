import { photoAbuseSuite } from './support/photo-abuse-suite';

photoAbuseSuite('local');
