/**
 * echarts' minified bundle (the same API as `echarts`, which is its unminified bundle for
 * `require`). The app loads this one: the unminified bundle names an 8 MB source map, which tsx's
 * source-map support reads and keeps, and loading it cost 59 MB of memory instead of 13 MB.
 */
declare module 'echarts/dist/echarts.min' {
  import * as echarts from 'echarts';
  export = echarts;
}
