import { photoSuite } from './support/photos-suite';

photoSuite('local');
