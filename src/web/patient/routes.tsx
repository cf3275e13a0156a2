/**
 * The patient's pages, under /my inside PatientShell. Add a page with one line here (its file in
 * this folder); /my/sign-in is outside the shell.
 */
import type { RouteObject } from 'react-router';
import { MyEpisodePage } from './MyEpisode';
import { MyHomePage } from './MyHome';
import { PatientNotFoundPage } from './PatientNotFound';

export const patientPages: RouteObject[] = [
  { index: true, Component: MyHomePage },
  { path: 'episodes/:episodeId', Component: MyEpisodePage },
  { path: '*', Component: PatientNotFoundPage },
];
