import { describe, expect, it } from 'vitest';
import { DEFAULT_PAPER, PAPERS, paperRunner, UnknownPaperError } from '../papers.js';

describe('npm run eval [-- <paper>] picks one harness', () => {
  it('runs the ClusterFlow paper when no paper is named', () => {
    expect(DEFAULT_PAPER).toBe('clusterflow');
    expect(paperRunner([]).paper).toBe('clusterflow');
    expect(paperRunner([]).run).toBe(PAPERS.clusterflow);
  });

  it('runs a named paper', () => {
    expect(paperRunner(['clusterflow']).run).toBe(PAPERS.clusterflow);
  });

  it('rejects an unknown paper and lists the known ones', () => {
    expect(() => paperRunner(['ddc-typo'])).toThrow(UnknownPaperError);
    expect(() => paperRunner(['ddc-typo'])).toThrow(
      'unknown paper "ddc-typo"; known papers: clusterflow, ddc',
    );
    // Object prototype names are not papers.
    expect(() => paperRunner(['toString'])).toThrow(UnknownPaperError);
    expect(() => paperRunner(['clusterflow', 'extra'])).toThrow(UnknownPaperError);
  });
});
