// Types of Vite's client environment: import.meta.env and stylesheet imports.
/// <reference types="vite/client" />
