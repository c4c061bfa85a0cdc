import { pgEnum } from "drizzle-orm/pg-core";
import { CALL_STATUSES, CALL_TYPES, SENDER_CATEGORIES, SENDER_TYPES } from "../../schemas/enums";

export const senderCategory = pgEnum("sender_category", SENDER_CATEGORIES);
export const senderType = pgEnum("sender_type", SENDER_TYPES);
export const callType = pgEnum("call_type", CALL_TYPES);
export const callStatus = pgEnum("call_status", CALL_STATUSES);
