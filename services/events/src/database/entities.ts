import { Connection, EventProposal, FollowUp, QuestionnaireAnswer } from '../after-event/after-event.entities.js';
import { EventAttendance, ExchangeEvent } from '../events/exchange-event.entity.js';
import { LotteryDraw } from '../lottery/lottery-draw.entity.js';
import { Registration } from '../registrations/registration.entity.js';
import { SeatOffer } from '../registrations/seat-offer.entity.js';
import { SeatingPlan } from '../seating/seating-plan.entity.js';

export const entities = [
  ExchangeEvent,
  Registration,
  SeatOffer,
  LotteryDraw,
  SeatingPlan,
  QuestionnaireAnswer,
  Connection,
  FollowUp,
  EventProposal,
  EventAttendance,
];
