export * from "./enums";
export * from "./users";
export * from "./senders";
export * from "./preferences";
export * from "./calls";
export * from "./integrations";
export * from "./system";
