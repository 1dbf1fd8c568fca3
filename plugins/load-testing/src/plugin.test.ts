import {
  loadTestingApiRef,
  loadTestingPlugin,
  EntityLoadTestingContent,
} from './index';

describe('load-testing plugin', () => {
  it('exports the plugin, the tab and the API ref', () => {
    expect(loadTestingPlugin.getId()).toBe('load-testing');
    expect(EntityLoadTestingContent).toBeDefined();
    expect(loadTestingApiRef.id).toBe('plugin.load-testing.service');
  });
});
