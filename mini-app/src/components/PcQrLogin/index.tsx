// PcQrLogin.h5.tsx in the h5 build, PcQrLogin.tsx (nothing) in the mini-program.
export { default } from './PcQrLogin';
