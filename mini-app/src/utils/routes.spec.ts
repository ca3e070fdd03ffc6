import { ROLES } from '@linli/shared';
import {
  DESK_HOME_PAGE,
  HOME_PAGE,
  STAFF_TASKS_PAGE,
  deskRequestUrl,
  detailUrlFor,
  hasTasks,
  isDeskRole,
  landingPage,
  newRequestUrl,
} from './routes';

(globalThis as { defineAppConfig?: (config: unknown) => unknown }).defineAppConfig = (config) => config;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const appConfig = require('../app.config').default as {
  pages: string[];
  subPackages: { root: string; pages: string[] }[];
};

const allPages = [
  ...appConfig.pages.map((page) => `/${page}`),
  ...appConfig.subPackages.flatMap((pkg) => pkg.pages.map((page) => `/${pkg.root}/${page}`)),
];

describe('role → landing page', () => {
  it('sends residents home, staff to 我的任务 and the desk to its home', () => {
    expect(landingPage('resident')).toBe(HOME_PAGE);
    expect(landingPage('staff')).toBe(STAFF_TASKS_PAGE);
    expect(landingPage('receptionist')).toBe(DESK_HOME_PAGE);
    expect(landingPage('supervisor')).toBe(DESK_HOME_PAGE);
    expect(landingPage('manager')).toBe(DESK_HOME_PAGE);
    expect(landingPage('admin')).toBe(DESK_HOME_PAGE);
  });

  it.each(ROLES)('lands %s on a page that app.config.ts declares', (role) => {
    expect(allPages).toContain(landingPage(role));
  });

  it('knows who has tasks and who works the desk', () => {
    expect(ROLES.filter(hasTasks)).toEqual(['staff', 'supervisor']);
    expect(ROLES.filter(isDeskRole)).toEqual(['receptionist', 'supervisor', 'manager', 'admin']);
  });

  it('opens a request in the role’s own detail page', () => {
    expect(detailUrlFor('resident', 3)).toBe('/pages/request-detail/index?id=3');
    expect(detailUrlFor('staff', 3)).toBe('/staff/pages/task/index?id=3');
    expect(detailUrlFor('receptionist', 3)).toBe('/desk/pages/request/index?id=3');
    expect(deskRequestUrl(3, { action: 'callback' })).toBe('/desk/pages/request/index?id=3&action=callback');
    expect(newRequestUrl('repair')).toBe('/pages/request-new/index?kind=repair');
  });

  it('links only to declared pages', () => {
    for (const url of [newRequestUrl('repair'), detailUrlFor('staff', 1), detailUrlFor('manager', 1)]) {
      expect(allPages).toContain(url.split('?')[0]);
    }
  });
});
