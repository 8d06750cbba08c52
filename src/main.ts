import { mount } from 'svelte';
import App from './ui/App.svelte';
import './ui/theme.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks #app');
// index.html paints a small shell before the scripts arrive; the app takes its place.
target.replaceChildren();
mount(App, { target });
