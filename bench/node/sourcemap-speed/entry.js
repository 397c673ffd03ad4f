// Everything the bundle exports, so the minifier keeps (and maps) all of it
export * as THREE from 'three';
export * as d3 from 'd3';
export * as _ from 'lodash-es';
