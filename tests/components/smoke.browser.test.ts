import {expect} from '@open-wc/testing';
import {$, button, mount, settle} from './helpers.js';

describe('<ict-course> smoke', () => {
  it('renders the course title and the start view', async () => {
    const el = await mount();
    expect($(el, 'h1').textContent).to.equal('ICT basics for managers');
    button(el, 'Start the course').click();
    await settle(el);
    expect($(el, '#heading').textContent).to.equal('Welcome');
  });
});
